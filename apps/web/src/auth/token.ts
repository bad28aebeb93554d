/** The bearer token of the signed-in person, in memory only (never in storage). */
let token: string | null = null;

export function currentToken(): string | null {
  return token;
}

export function setCurrentToken(value: string | null): void {
  token = value;
}
