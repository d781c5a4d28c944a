import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const importsOf = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((match) => match[1] as string);

describe('layering', () => {
  it('keeps the domain pure: no AWS SDK, middy, I/O or other layers', () => {
    for (const file of sourceFiles(join(root, 'shared/domain'))) {
      for (const specifier of importsOf(file)) {
        expect(specifier, relative(root, file)).not.toMatch(/^(@aws-sdk|@middy|@aws-lambda-powertools|node:|#storage|#services|#http)/);
        if (specifier.startsWith('.')) expect(resolve(join(file, '..'), specifier).startsWith(join(root, 'shared/domain')), `${relative(root, file)} → ${specifier}`).toBe(true);
      }
    }
  });

  it('keeps the CDK code free of runtime code: it reads only the route table and the table definition', () => {
    const cdkFiles = sourceFiles(join(root, 'infra')).filter((file) => !file.includes(`${join('infra', 'local')}`));
    for (const file of cdkFiles) {
      for (const specifier of importsOf(file)) {
        if (!specifier.startsWith('.')) {
          expect(specifier, relative(root, file)).toMatch(/^(aws-cdk-lib|constructs|cdk-nag|node:)/);
          continue;
        }
        const target = relative(root, resolve(join(file, '..'), specifier));
        if (target.startsWith('shared')) expect(['shared/http/routes.ts', 'shared/storage/table-definition.ts'], relative(root, file)).toContain(target);
      }
    }
  });

  it('keeps services on their ports: no storage module, client or composition root; only the composition root binds storage', () => {
    for (const file of sourceFiles(join(root, 'shared/services'))) {
      for (const specifier of importsOf(file)) expect(specifier, relative(root, file)).not.toMatch(/^(#storage|#composition|@aws-sdk|\.\.\/storage)/);
    }
    // Handlers and HTTP code reach storage only through the composition root.
    for (const file of [...sourceFiles(join(root, 'functions')), ...sourceFiles(join(root, 'shared/http'))]) {
      for (const specifier of importsOf(file)) expect(specifier, relative(root, file)).not.toMatch(/^#storage/);
    }
  });

  it('composes read routes from the reading repositories alone: no write binding is reachable from a read handler', () => {
    const aliases: Record<string, string> = { '#domain/': 'shared/domain/', '#services/': 'shared/services/', '#storage/': 'shared/storage/', '#http/': 'shared/http/', '#queue/': 'shared/queue/', '#composition/': 'shared/composition/' };
    const resolveImport = (from: string, specifier: string): string | undefined => {
      const alias = Object.keys(aliases).find((prefix) => specifier.startsWith(prefix));
      if (alias !== undefined) return join(root, aliases[alias] as string, specifier.slice(alias.length));
      return specifier.startsWith('.') ? resolve(join(from, '..'), specifier) : undefined;
    };
    const reachable = new Set<string>();
    const visit = (file: string) => {
      if (reachable.has(file)) return;
      reachable.add(file);
      for (const specifier of importsOf(file)) {
        const target = resolveImport(file, specifier);
        if (target !== undefined) visit(target);
      }
    };
    visit(join(root, 'shared/http/read-handler.ts'));
    const reached = [...reachable].map((file) => relative(root, file));
    expect(reached).toContain('shared/storage/repositories/read-bindings.ts');
    expect(reached).not.toContain('shared/storage/repositories/write-bindings.ts');
    expect(reached).not.toContain('shared/storage/repositories/index.ts');
    expect(reached).not.toContain('shared/composition/context.ts');
  });

  it('names lookups consistently: get* throws when nothing is found, find* may answer undefined', () => {
    for (const file of [...sourceFiles(join(root, 'shared/services')), ...sourceFiles(join(root, 'shared/storage'))]) {
      for (const match of readFileSync(file, 'utf8').matchAll(/export (?:async )?function (get\w*)\([^)]*\): Promise<([^\n]*)> \{/g)) {
        expect(match[2], `${relative(root, file)}: ${match[1]}`).not.toMatch(/\| undefined$/);
      }
    }
  });

  it('keeps services free of HTTP concerns', () => {
    for (const file of sourceFiles(join(root, 'shared/services'))) {
      for (const specifier of importsOf(file)) expect(specifier, relative(root, file)).not.toMatch(/^(#http|@middy|\.\.\/http)/);
    }
  });
});
