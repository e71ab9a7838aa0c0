// API.md's additions that the backend does not serve yet (another branch implements them): the
// Account's zone and time zone. Written from API.md, in the generated types' shape, so the panel is
// built against the contract; delete each part once `npm run api:generate` brings it from the
// OpenAPI document.
export interface PendingAccountFields {
  zone: 'eu' | 'ca' | 'us';
  timeZone: string;
}
