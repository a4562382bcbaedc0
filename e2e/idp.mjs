// A real OpenID Connect provider for the single sign-on specs (panva's oidc-provider), on
// localhost only. `node e2e/idp.mjs` with IDP_PORT, IDP_REDIRECTS (comma-separated callback URLs)
// and IDP_CLIENT_SECRET. Each sign-in logs in as the account last set with POST /__test/next
// {accountId} (no login form: the specs decide who signs in), and consents by itself. `groups`
// in that body changes the account's groups from then on, as an IT team would at the provider:
// a list (possibly empty) is sent as the claim, null leaves the claim out.
import http from 'node:http'
import Provider from 'oidc-provider'

const port = Number(process.env.IDP_PORT ?? 4455)
const issuer = `http://localhost:${port}`
const ACCOUNTS = {
  existing: { email: 'editor@galley.test', email_verified: true, name: 'Demo Editor (SSO)' },
  first: { email: 'sso.first@newsroom.test', email_verified: true, name: 'First Time', groups: ['galley-reviewer'] },
  'first-renamed': { sub: 'first', email: 'first.renamed@newsroom.test', email_verified: true, name: 'First Time', groups: ['galley-reviewer'] },
  stranger: { email: 'stranger@newsroom.test', email_verified: true, name: 'A Stranger' },
  unverified: { email: 'sso.unverified@newsroom.test', email_verified: false, name: 'Not Verified' },
  elsewhere: { email: 'someone@elsewhere.test', email_verified: true, name: 'Other Domain' },
  promoted: { email: 'sso.promoted@newsroom.test', email_verified: true, name: 'Promoted', groups: ['staff', 'galley-reviewer'] },
  newcomer: { email: 'newcomer@newsroom.test', email_verified: true, name: 'New Comer' },
  // Group roles: groups set by each spec through /__test/next.
  grouped: { email: 'sso.grouped@newsroom.test', email_verified: true, name: 'Grouped' },
  // Groups from another system that happen to be called like Galley's roles.
  bare: { email: 'sso.bare@newsroom.test', email_verified: true, name: 'Bare Groups', groups: ['admin', 'reviewer', 'editor', 'galley-admin'] },
  // Has a password of their own at Galley too (the SSO spec's password test).
  keyholder: { email: 'sso.keyholder@newsroom.test', email_verified: true, name: 'Key Holder', groups: ['desk-editors'] },
}
let next = 'existing'

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'galley',
      client_secret: process.env.IDP_CLIENT_SECRET ?? 'galley-test-secret',
      redirect_uris: (process.env.IDP_REDIRECTS ?? '').split(',').filter(Boolean),
      response_types: ['code'],
      grant_types: ['authorization_code'],
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
  // Auth.js reads the ID token's claims.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  cookies: { keys: ['idp-test-cookie-key'] },
  async findAccount(_ctx, id) {
    // The account signing in now (its subject may be another key's: an email changed at the provider).
    const account = ACCOUNTS[next] && (ACCOUNTS[next].sub ?? next) === id ? ACCOUNTS[next] : ACCOUNTS[id]
    if (!account) return undefined
    const { sub: _sub, ...claims } = account
    return { accountId: id, async claims() { return { sub: id, ...claims } } }
  },
})
provider.proxy = false

provider.use(async (ctx, nextMw) => {
  if (ctx.path === '/__test/next' && ctx.method === 'POST') {
    const body = await new Promise((resolve) => {
      let s = ''
      ctx.req.on('data', (c) => (s += c))
      ctx.req.on('end', () => resolve(s))
    })
    const parsed = JSON.parse(body)
    next = parsed.accountId
    if ('groups' in parsed) {
      if (parsed.groups === null) delete ACCOUNTS[next].groups
      else ACCOUNTS[next].groups = parsed.groups
    }
    ctx.body = { next, groups: ACCOUNTS[next]?.groups ?? null }
    return
  }
  if (!/^\/interaction\/[^/]+$/.test(ctx.path)) return nextMw()
  const details = await provider.interactionDetails(ctx.req, ctx.res)
  if (details.prompt.name === 'login') {
    const accountId = ACCOUNTS[next]?.sub ?? next
    return provider.interactionFinished(ctx.req, ctx.res, { login: { accountId } }, { mergeWithLastSubmission: false })
  }
  if (details.prompt.name === 'consent') {
    const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id })
    const missing = details.prompt.details
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '))
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims)
    const grantId = await grant.save()
    return provider.interactionFinished(ctx.req, ctx.res, { consent: details.grantId ? {} : { grantId } }, { mergeWithLastSubmission: true })
  }
  ctx.status = 400
  ctx.body = `unexpected prompt ${details.prompt.name}`
})

const server = http.createServer(provider.callback())
// Both loopback families: browsers and Node may try ::1 or 127.0.0.1 for "localhost".
server.listen(port, '::', () => console.log(`idp ready ${issuer}`))
