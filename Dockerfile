# One image for every tokenwatch process: `tokenwatch serve | ingest | analyze | api | import | ...`.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY packages ./packages
COPY services ./services
COPY bin ./bin
RUN npm ci --omit=dev --no-audit --no-fund && npm install --no-save tsx && npm cache clean --force
ENV PATH=/app/bin:$PATH
EXPOSE 8080
ENTRYPOINT ["tokenwatch"]
CMD ["serve"]
