import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AuthSettings } from '#config';
import { TokenVerifier } from '#identity';
import { BearerAuthGuard } from './bearer-auth.guard.js';

/** Registers the token verifier and the global deny-by-default guard. */
@Module({})
export class AuthModule {
  static forRoot(settings: AuthSettings): DynamicModule {
    return AuthModule.withVerifier(() => TokenVerifier.fromSettings(settings));
  }

  /** For a verifier made elsewhere (tests, a process that already holds the key). */
  static withVerifier(verifier: TokenVerifier | (() => Promise<TokenVerifier>)): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        typeof verifier === 'function' ? { provide: TokenVerifier, useFactory: verifier } : { provide: TokenVerifier, useValue: verifier },
        { provide: APP_GUARD, useClass: BearerAuthGuard },
      ],
      exports: [TokenVerifier],
    };
  }
}
