import { RECORD_ID_PATTERN } from '#platform';

// Shared validators (Text, IsCalendarDate, IsRecordId) come from #platform; the list cursor's from the register (read-models/register.dto.ts).
export const ID_PATTERN_SOURCE = RECORD_ID_PATTERN.source;
