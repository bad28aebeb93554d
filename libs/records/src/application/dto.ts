import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export const EXPORT_FORMATS = ['json', 'pdf'] as const;

export class ExportParams {
  @ApiProperty({ example: 'bayview_2025', description: 'The negotiation' })
  @IsString()
  @MaxLength(200)
  negotiationId: string;
}

export class ExportQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'json', description: 'json: the signed bundle; pdf: its rendering' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: (typeof EXPORT_FORMATS)[number];
}
