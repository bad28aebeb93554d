// The information-requests read models: the register projection, its query side, and the dashboard's overdue counts.
export {
  type InformationRequestRegisterDoc,
  type InformationRequestPolicyDoc,
  INFORMATION_REQUEST_REGISTER,
  INFORMATION_REQUEST_POLICIES,
  INFORMATION_REQUEST_PROJECTIONS,
  evolveRegisterDoc,
  evolvePolicyDoc,
} from './register.projection.js';
export {
  type RegisterEntry,
  type RegisterItemEntry,
  type RegisterCriteria,
  type RegisterStatus,
  REGISTER_STATUSES,
  registerEntry,
  registerMatch,
  overdueCountsByUnit,
} from './register-views.js';
export { InformationRequestRegisterQuery, type RegisterPage, type RegisterPageQuery } from './register.query.js';
export { type UnitBusinessCalendars, UNIT_BUSINESS_CALENDARS, ProjectedUnitBusinessCalendars } from './business-calendars.js';
export { type UnitOverdueRequests, UNIT_OVERDUE_REQUESTS } from './unit-overdue-requests.js';
export { InformationRequestRegisterModule } from './register.module.js';
