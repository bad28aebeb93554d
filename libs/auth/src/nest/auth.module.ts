import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AuthSettings } from '#config';
import { TokenVerifier } from '#identity';
import { BearerAuthGuard } from './bearer-auth.guard.js';
import { SIGN_IN_SETTINGS, SignInController } from './sign-in.controller.js';

/** Registers the token verifier and the global deny-by-default guard. */
@Module({})
export class AuthModule {
  /** With `listenHost`, also the web app's sign-in routes (/auth/…). */
  static forRoot(settings: AuthSettings, listenHost?: string): DynamicModule {
    const module = AuthModule.withVerifier(() => TokenVerifier.fromSettings(settings));
    if (listenHost === undefined) return module;
    return { ...module, controllers: [SignInController], providers: [...(module.providers ?? []), { provide: SIGN_IN_SETTINGS, useValue: { auth: settings, listenHost } }] };
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
