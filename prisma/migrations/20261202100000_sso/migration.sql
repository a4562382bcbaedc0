-- Single sign-on (issue 13): a user is matched to an OpenID Connect account by issuer + subject,
-- the only stable identifier (OIDC Core 5.7), stored at the first sign-in.
ALTER TABLE "User" ADD COLUMN "ssoIssuer" TEXT;
ALTER TABLE "User" ADD COLUMN "ssoSubject" TEXT;
CREATE UNIQUE INDEX "User_ssoIssuer_ssoSubject_key" ON "User"("ssoIssuer", "ssoSubject");
