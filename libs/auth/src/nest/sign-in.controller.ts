import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { AUDIENCE_PARAMETERS, type AudienceParameter, type AuthSettings } from '#config';
import { ROLES, type Role } from '#kernel';
import { mintDevelopmentToken } from '#identity';
import { Public } from './decorators.js';

export const SIGN_IN_SETTINGS = Symbol('SignInSettings');

export interface SignInSettings {
  readonly auth: AuthSettings;
  /** The interface the API listens on. */
  readonly listenHost: string;
}

/** How long a development sign-in lasts; the page signs in again (silently) before it runs out. */
const DEVELOPMENT_TOKEN_TTL = '8h';

const LOOPBACK_HOSTS = new Set(['localhost', '::1', '[::1]', '::ffff:127.0.0.1']);
export const isLoopback = (host: string) => LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host) || /^::ffff:127(\.\d{1,3}){3}$/i.test(host);

/**
 * Development sign-in is offered only on the embedded run (no issuer configured) and only while
 * the API listens on a loopback address: nobody on another machine can reach it to mint a token.
 */
export function developmentSignInAllowed(settings: SignInSettings): boolean {
  return settings.auth.mode === 'embedded' && isLoopback(settings.listenHost);
}

class OidcSignInDto {
  @ApiProperty({ enum: ['oidc'] }) mode!: 'oidc';
  @ApiProperty({ example: 'https://id.example.org/realms/district' }) issuer!: string;
  @ApiProperty({ example: 'labor-relations-web' }) clientId!: string;
  @ApiProperty({ example: 'openid profile' }) scope!: string;
  @ApiProperty({ example: 'https://records.example.org/api' }) audience!: string;
  @ApiProperty({
    enum: AUDIENCE_PARAMETERS,
    description: 'How the app names the audience to the issuer: resource (RFC 8707, at the authorization and the token request), audience (Auth0), or none (a scope names the API)',
  })
  audienceParameter!: AudienceParameter;
}

class DevelopmentSignInDto {
  @ApiProperty({ enum: ['development'] }) mode!: 'development';
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
}

class NoSignInDto {
  @ApiProperty({ enum: ['none'] }) mode!: 'none';
  @ApiProperty({ example: 'No OIDC client is configured for the web app (AUTH_WEB_CLIENT_ID).' }) reason!: string;
}

export class DevelopmentTokenRequestDto {
  @ApiProperty({ enum: ROLES, example: 'negotiator' })
  @IsIn(ROLES)
  role!: Role;

  @ApiProperty({ example: 'dana.ruiz@bayviewusd.example', description: 'Who is signing in: recorded as the actor of what they record' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  @Matches(/^[^\p{Cc}]*\S[^\p{Cc}]*$/u, { message: 'subject must be printable characters, not only spaces' })
  subject!: string;
}

export class DevelopmentTokenDto {
  @ApiProperty({ description: 'A bearer token signed by the embedded key' }) token!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() subject!: string;
  @ApiPropertyOptional({ example: 'development sign-in: not for production' }) notice?: string;
}

/** How the web app signs people in, and the development sign-in of the embedded run. */
@ApiTags('sign-in')
@ApiExtraModels(OidcSignInDto, DevelopmentSignInDto, NoSignInDto)
@Controller('auth')
export class SignInController {
  constructor(@Inject(SIGN_IN_SETTINGS) private readonly settings: SignInSettings) {}

  @Get('sign-in-options')
  @Public()
  @ApiOperation({
    operationId: 'signInOptions',
    summary: 'How the web app signs people in',
    description:
      'oidc: authorization code with PKCE against the issuer, as the given client. development: the embedded run on a loopback address, ' +
      'where POST /auth/development-tokens issues a token for a chosen role and name. none: no sign-in is configured for the web app.',
  })
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(OidcSignInDto) }, { $ref: getSchemaPath(DevelopmentSignInDto) }, { $ref: getSchemaPath(NoSignInDto) }] } })
  options(): OidcSignInDto | DevelopmentSignInDto | NoSignInDto {
    const { auth } = this.settings;
    if (auth.mode === 'oidc') {
      if (auth.webClientId === undefined) return { mode: 'none', reason: 'No OIDC client is configured for the web app (AUTH_WEB_CLIENT_ID).' };
      return { mode: 'oidc', issuer: auth.issuer, clientId: auth.webClientId, scope: auth.webScope ?? 'openid profile', audience: auth.audience, audienceParameter: auth.webAudienceParameter ?? 'resource' };
    }
    if (developmentSignInAllowed(this.settings)) return { mode: 'development', roles: [...ROLES] };
    return { mode: 'none', reason: 'Development sign-in is offered only while the API listens on a loopback address; configure an OIDC issuer (AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL, AUTH_WEB_CLIENT_ID).' };
  }

  @Post('development-tokens')
  @Public()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Development sign-in: a token signed by the embedded key, for a chosen role and name',
    description: 'Only on the embedded run (no issuer configured) while the API listens on a loopback address, and only for callers on this machine; otherwise 404.',
  })
  @ApiCreatedResponse({ type: DevelopmentTokenDto })
  @ApiNotFoundResponse({ description: 'Development sign-in is not offered here' })
  async developmentToken(@Body() body: DevelopmentTokenRequestDto, @Req() request: { ip?: string; socket?: { remoteAddress?: string } }): Promise<DevelopmentTokenDto> {
    const { auth } = this.settings;
    const remote = request.socket?.remoteAddress ?? request.ip ?? '';
    if (auth.mode !== 'embedded' || !developmentSignInAllowed(this.settings) || !isLoopback(remote)) {
      throw new NotFoundException('development sign-in is not offered here: it exists only on the embedded run listening on a loopback address');
    }
    const now = new Date();
    const token = await mintDevelopmentToken({ dataDir: auth.dataDir, role: body.role, subject: body.subject.trim(), ttl: DEVELOPMENT_TOKEN_TTL, now });
    const expiresAt = new Date(Math.floor(now.getTime() / 1000) * 1000 + 8 * 3_600_000).toISOString();
    return { token, expiresAt, role: body.role, subject: body.subject.trim(), notice: 'development sign-in: not for production' };
  }
}
