export { createFilterEngine, isExportPlan } from './engine.ts';
export type {
  FilterEngine,
  FilterEngineOptions,
  FilterPlan,
  FilteredAnswer,
  UpstreamAnswer,
  FilterAuditEvent,
} from './engine.ts';
export { FilterError, filterErrorBody, type FilterErrorCode } from './errors.ts';
export { guardRequestSync, type GuardDecision } from './request-guard.ts';
export { deepFilter, sampleShape, type FilterStats } from './deep-filter.ts';
export { ROUTES, findRoute, pathPattern, type RouteRule } from './route-table.ts';
export type { RequestContext, PageRequest } from './types.ts';
export { createVisibleSet, type VisibleSet } from '../visibility/visible-set.ts';
export { createVisibleSetProvider, type VisibleSetProvider } from '../visibility/provider.ts';
export { filterExport } from '../excel/export-filter.ts';
