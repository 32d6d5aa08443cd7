import {
  type AttributeDefinition,
  type ObjectTypeDefinition,
  type ReferenceDefinition,
} from './field-rule';

export class ObjectTypeRegistryError extends Error {
  override name = 'ObjectTypeRegistryError';
}

/** A registered type with lookups precomputed for the diff hot path. */
export interface ObjectType extends ObjectTypeDefinition {
  /** Position in dependency order: a type only references types of a lower rank. */
  rank: number;
  attributeByName: ReadonlyMap<string, AttributeDefinition>;
  referenceByName: ReadonlyMap<string, ReferenceDefinition>;
  /** References to the same type (a location's parent), ordered record by record. */
  selfReferences: readonly ReferenceDefinition[];
}

/**
 * The object types Plumbline knows, held as data. Validates that every reference points at a
 * registered type and that the references, minus deferrable and self references, form no cycle.
 */
export class ObjectTypeRegistry {
  private readonly types = new Map<string, ObjectType>();
  private readonly ordered: ObjectType[];

  constructor(definitions: readonly ObjectTypeDefinition[]) {
    const byName = new Map<string, ObjectTypeDefinition>();
    for (const definition of definitions) {
      if (byName.has(definition.name)) {
        throw new ObjectTypeRegistryError(`Object type ${definition.name} is defined twice`);
      }
      byName.set(definition.name, definition);
    }
    for (const definition of definitions) {
      validateDefinition(definition, byName);
    }
    const ranks = rankTypes(definitions);
    for (const definition of definitions) {
      this.types.set(definition.name, {
        ...definition,
        rank: ranks.get(definition.name) ?? 0,
        attributeByName: new Map(definition.attributes.map((field) => [field.name, field])),
        referenceByName: new Map(definition.references.map((field) => [field.name, field])),
        selfReferences: definition.references.filter(
          (field) => field.to === definition.name && !field.isDeferrable,
        ),
      });
    }
    this.ordered = [...this.types.values()].sort(
      (left, right) => left.rank - right.rank || left.name.localeCompare(right.name),
    );
  }

  has(name: string): boolean {
    return this.types.has(name);
  }

  /** Returns the type, or undefined when it is not registered. */
  find(name: string): ObjectType | undefined {
    return this.types.get(name);
  }

  /** Returns the type or throws when it is not registered. */
  get(name: string): ObjectType {
    const type = this.types.get(name);
    if (!type) {
      throw new ObjectTypeRegistryError(`Unknown object type ${name}`);
    }
    return type;
  }

  /** All types, parents before the types that reference them. */
  list(): readonly ObjectType[] {
    return this.ordered;
  }
}

function validateDefinition(
  definition: ObjectTypeDefinition,
  byName: ReadonlyMap<string, ObjectTypeDefinition>,
): void {
  const fields = new Set<string>();
  for (const field of [...definition.attributes, ...definition.references]) {
    if (fields.has(field.name)) {
      throw new ObjectTypeRegistryError(`${definition.name}.${field.name} is defined twice`);
    }
    fields.add(field.name);
  }
  if (definition.naturalKey.length === 0) {
    throw new ObjectTypeRegistryError(`${definition.name} has no natural key`);
  }
  for (const keyField of definition.naturalKey) {
    if (!fields.has(keyField)) {
      throw new ObjectTypeRegistryError(
        `${definition.name} natural key field ${keyField} is neither attribute nor reference`,
      );
    }
    const reference = definition.references.find((field) => field.name === keyField);
    if (reference?.isList || reference?.isDeferrable) {
      throw new ObjectTypeRegistryError(
        `${definition.name} natural key field ${keyField} must be a single, required reference`,
      );
    }
  }
  for (const reference of definition.references) {
    if (!byName.has(reference.to)) {
      throw new ObjectTypeRegistryError(
        `${definition.name}.${reference.name} references unknown type ${reference.to}`,
      );
    }
  }
}

/** Topological ranks over non-deferrable references between different types. */
function rankTypes(definitions: readonly ObjectTypeDefinition[]): Map<string, number> {
  const dependencies = new Map<string, string[]>();
  for (const definition of definitions) {
    dependencies.set(
      definition.name,
      definition.references
        .filter((field) => !field.isDeferrable && field.to !== definition.name)
        .map((field) => field.to),
    );
  }
  const ranks = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (name: string, path: string[]): number => {
    const known = ranks.get(name);
    if (known !== undefined) {
      return known;
    }
    if (visiting.has(name)) {
      throw new ObjectTypeRegistryError(
        `Reference cycle ${[...path, name].join(' -> ')}; mark one reference isDeferrable`,
      );
    }
    visiting.add(name);
    let rank = 0;
    for (const dependency of dependencies.get(name) ?? []) {
      rank = Math.max(rank, visit(dependency, [...path, name]) + 1);
    }
    visiting.delete(name);
    ranks.set(name, rank);
    return rank;
  };
  for (const definition of definitions) {
    visit(definition.name, []);
  }
  return ranks;
}
