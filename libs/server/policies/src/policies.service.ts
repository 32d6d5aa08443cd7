import { Injectable } from '@nestjs/common';
import {
  exportPoliciesToYaml,
  isSameJson,
  type ObjectTypePolicy,
  type PolicyIssue,
  type PolicySet,
  PolicyValidationError,
  importPoliciesFromYaml,
  validateObjectTypePolicy,
  validatePolicySet,
} from '@plumbline/policy';
import { POLICY_DEFAULTS_SCOPE, type SyncPolicyEntity } from '@plumbline/server-database';
import { type EntityManager } from 'typeorm';
import {
  type PolicyImportResultDto,
  type PolicyVersionDto,
  type StoredPolicyDto,
} from './dto/policy.dto';
import {
  InvalidPolicyError,
  PolicyNotFoundError,
  PolicyVersionConflictError,
} from './policies.errors';
import { PoliciesRepository } from './policies.repository';

type Document = Record<string, unknown>;

function toIssues(issues: readonly PolicyIssue[]): Array<{ field: string; reason: string }> {
  return issues.map((issue) => ({ field: issue.path || '(body)', reason: issue.reason }));
}

function invalid(error: PolicyValidationError): InvalidPolicyError {
  return new InvalidPolicyError(error.message, toIssues(error.issues));
}

function toStored(row: SyncPolicyEntity): StoredPolicyDto {
  return {
    scope: row.scope,
    version: row.version,
    policy: row.document,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
  };
}

/** The settings shared by every type: what a policy set holds besides its policies. */
function splitDefaults(set: PolicySet): Document {
  const defaults: Document = { ...set };
  delete defaults['policies'];
  return defaults;
}

@Injectable()
export class PoliciesService {
  constructor(private readonly policies: PoliciesRepository) {}

  async list(): Promise<StoredPolicyDto[]> {
    return (await this.policies.findAll()).map(toStored);
  }

  async get(scope: string): Promise<StoredPolicyDto> {
    const row = await this.policies.findOne(scope);
    if (!row) throw new PolicyNotFoundError(scope);
    return toStored(row);
  }

  async versions(scope: string): Promise<PolicyVersionDto[]> {
    const versions = await this.policies.findVersions(scope);
    if (versions.length === 0) throw new PolicyNotFoundError(scope);
    return versions.map((row) => ({
      version: row.version,
      action: row.action,
      policy: row.document,
      savedBy: row.savedBy,
      savedAt: row.savedAt,
    }));
  }

  /** Every stored policy as one set, complete: what the engine decides with. */
  async currentSet(): Promise<PolicySet> {
    const rows = await this.policies.findAll();
    const defaults = rows.find((row) => row.scope === POLICY_DEFAULTS_SCOPE)?.document ?? {};
    const policies = rows
      .filter((row) => row.scope !== POLICY_DEFAULTS_SCOPE)
      .map((row) => row.document);
    const result = validatePolicySet({ ...defaults, policies });
    if (!result.ok) throw invalid(result.error);
    return result.value;
  }

  /** Saves one object type's policy; a save that changes nothing keeps the version. */
  async save(
    objectType: string,
    body: unknown,
    actor: string,
    expectedVersion?: number,
  ): Promise<StoredPolicyDto> {
    const document = this.validateTypePolicy(objectType, body);
    return this.store(objectType, document, actor, 'save', expectedVersion);
  }

  /** Saves the settings shared by every type (`default_strategy`, `review_triggers`). */
  async saveDefaults(
    body: unknown,
    actor: string,
    expectedVersion?: number,
  ): Promise<StoredPolicyDto> {
    if (!isPlainObject(body))
      throw new InvalidPolicyError('The body must be a JSON object', [
        { field: '(body)', reason: 'must be an object' },
      ]);
    if ('policies' in body) {
      throw new InvalidPolicyError('Policies are saved one object type at a time', [
        { field: 'policies', reason: 'is not a shared setting; PUT /api/v1/policies/{objectType}' },
      ]);
    }
    const result = validatePolicySet({ ...body, policies: [] });
    if (!result.ok) throw invalid(result.error);
    return this.store(
      POLICY_DEFAULTS_SCOPE,
      splitDefaults(result.value),
      actor,
      'save',
      expectedVersion,
    );
  }

  async remove(scope: string, actor: string): Promise<void> {
    await this.policies.transaction(async (manager) => {
      const current = await this.policies.lockCurrent(manager, scope);
      if (!current) throw new PolicyNotFoundError(scope);
      await this.policies.write(manager, current, {
        scope,
        document: null,
        action: 'delete',
        actor,
      });
    });
  }

  async exportYaml(): Promise<string> {
    return exportPoliciesToYaml(await this.currentSet());
  }

  /** Imports a file in the seed's YAML format: each policy it changes gets a new version. */
  async importYaml(yaml: string, actor: string): Promise<PolicyImportResultDto> {
    let imported: ReturnType<typeof importPoliciesFromYaml>;
    try {
      imported = importPoliciesFromYaml(yaml);
    } catch (error) {
      if (error instanceof PolicyValidationError) throw invalid(error);
      throw error;
    }
    const writes: Array<[string, Document]> = [
      [POLICY_DEFAULTS_SCOPE, splitDefaults(imported.policies)],
      ...imported.policies.policies.map((policy): [string, Document] => [
        policy.object_type,
        policy as unknown as Document,
      ]),
    ];
    const changed: string[] = [];
    const unchanged: string[] = [];
    await this.policies.transaction(async (manager) => {
      for (const [scope, document] of writes) {
        const isChanged = await this.storeIn(manager, scope, document, actor, 'import');
        (isChanged ? changed : unchanged).push(scope);
      }
    });
    return { changed, unchanged, warnings: toIssues(imported.warnings) };
  }

  private validateTypePolicy(objectType: string, body: unknown): ObjectTypePolicy {
    if (!isPlainObject(body))
      throw new InvalidPolicyError('The body must be a JSON object', [
        { field: '(body)', reason: 'must be an object' },
      ]);
    const named = body['object_type'];
    if (named !== undefined && named !== objectType) {
      throw new InvalidPolicyError(
        `The body is a policy for ${JSON.stringify(named)}, not ${objectType}`,
        [
          {
            field: 'object_type',
            reason: `must be ${objectType} (the type in the URL) or left out`,
          },
        ],
      );
    }
    const result = validateObjectTypePolicy({ ...body, object_type: objectType });
    if (!result.ok) throw invalid(result.error);
    return result.value;
  }

  private async store(
    scope: string,
    document: Document,
    actor: string,
    action: 'save' | 'import',
    expectedVersion?: number,
  ): Promise<StoredPolicyDto> {
    await this.policies.transaction((manager) =>
      this.storeIn(manager, scope, document, actor, action, expectedVersion),
    );
    return this.get(scope);
  }

  /** Returns whether a new version was written. */
  private async storeIn(
    manager: EntityManager,
    scope: string,
    document: Document,
    actor: string,
    action: 'save' | 'import',
    expectedVersion?: number,
  ): Promise<boolean> {
    const current = await this.policies.lockCurrent(manager, scope);
    const currentVersion = current?.version ?? 0;
    if (expectedVersion !== undefined && expectedVersion !== currentVersion) {
      throw new PolicyVersionConflictError(scope, expectedVersion, currentVersion);
    }
    if (current && isSameJson(current.document, document)) return false;
    await this.policies.write(manager, current, { scope, document, action, actor });
    return true;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
