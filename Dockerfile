# Galley for docker-compose: Node 20 on Debian, the same OS family as development and CI.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY . .
# Build at image time so `npm start` only migrates and serves.
RUN npm run build
EXPOSE 3000
CMD ["npm", "start"]
