import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { RequestMethod } from '@nestjs/common';
import { loadConfig } from '#config';
import { AppModule, EVENT_STORE, SQL_CLIENT } from '#platform';
import { featureModules } from '../apps/api/src/features.js';

it('explore', () => {
  const config = loadConfig({});
  const root = AppModule.forRoot({ config, stores: {} as never, logger: {} as never, imports: featureModules(config) });
  const seen = new Set<unknown>();
  const controllers: Function[] = [];
  const providers = new Map<unknown, unknown>();
  const visit = (m: any) => {
    if (!m || seen.has(m)) return;
    seen.add(m);
    const cls = m.module ?? m;
    const meta = (k: string) => [...(Reflect.getMetadata(k, cls) ?? []), ...(m.module ? m[k] ?? [] : [])];
    for (const c of meta('controllers')) controllers.push(c);
    for (const p of meta('providers')) {
      if (typeof p === 'function') providers.set(p, p);
      else providers.set(p.provide, p.useClass ?? (p.useExisting ? { existing: p.useExisting } : p.useValue !== undefined ? { value: true } : { factory: p.inject }));
    }
    for (const i of meta('imports')) visit(i);
  };
  visit(root);
  const deps = (cls: Function) => {
    const types: unknown[] = Reflect.getMetadata('design:paramtypes', cls) ?? [];
    const self: { index: number; param: unknown }[] = Reflect.getMetadata('self:paramtypes', cls) ?? [];
    const out = [...types];
    for (const s of self) out[s.index] = s.param;
    return out.map((d) => (typeof d === 'function' ? d.name : String(d)));
  };
  const lines: string[] = [];
  for (const c of controllers) {
    const path = Reflect.getMetadata('path', c);
    for (const name of Object.getOwnPropertyNames(c.prototype)) {
      const h = c.prototype[name];
      if (typeof h !== 'function' || Reflect.getMetadata('method', h) !== RequestMethod.GET) continue;
      lines.push(`GET ${path}/${Reflect.getMetadata('path', h)} ${c.name}.${name}`);
    }
    lines.push(`  ${c.name} <- ${deps(c).join(', ')}`);
  }
  for (const [k, v] of providers) if (typeof v === 'function') lines.push(`P ${typeof k === 'function' ? k.name : String(k)} = ${(v as Function).name} <- ${deps(v as Function).join(', ')}`); else lines.push(`P ${typeof k === 'function' ? k.name : String(k)} = ${JSON.stringify(v, (_k, x) => typeof x === 'function' ? x.name : typeof x === 'symbol' ? String(x) : x)}`);
  writeFileSync('/tmp/rp/di.txt', lines.join('\n'));
  void EVENT_STORE; void SQL_CLIENT;
});
