import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const DOCS_PATH = 'docs';

/** OpenAPI UI at /docs and the document at /docs-json, both open. Every operation needs a bearer token unless it says otherwise. */
export function mountDocs(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Labor relations record')
      .setDescription(
        'System of record for public-sector collective bargaining: every proposal, counterproposal, tentative agreement, ' +
          'information request and settlement as an immutable, hash-chained event. Errors are RFC 9457 application/problem+json.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}-json` });
}
