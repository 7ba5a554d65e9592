import type { AwsBlueprintStatement } from '../blueprint/schema.js';
import { managedPolicySizeLimit, type PolicyString, splitBySize, worstCaseText } from './policy-document.js';

/**
 * Statements as IAM reads them (`Action` a string or a list, as written), whose strings may hold
 * references. Rendering maps every string and keeps the shape and key order, so a statement comes
 * out of Terraform's `jsonencode` and CloudFormation as it went in.
 */
export type WrittenStatement = AwsBlueprintStatement;

type Value = PolicyString | readonly PolicyString[] | boolean;

/** A list of parts holds at least one reference object; a list of strings is a list of values. */
export function isParts(value: readonly unknown[]): boolean {
  return value.some((item) => typeof item === 'object' && item !== null && !Array.isArray(item));
}

/** Maps every string of the statements through `render`, keeping each statement's keys in order. */
export function mapStatementStrings<T>(statements: readonly WrittenStatement[], render: (value: PolicyString) => T): unknown[] {
  const mapValue = (value: Value): unknown => {
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string' || isParts(value)) return render(value as PolicyString);
    return (value as readonly PolicyString[]).map(render);
  };
  return statements.map((statement) =>
    Object.fromEntries(
      Object.entries(statement).map(([key, value]) => {
        if (key === 'Resource') return [key, mapValue(value as Value)];
        if (key === 'Condition') {
          const operators = Object.entries(value as Record<string, Record<string, Value>>);
          return [key, Object.fromEntries(operators.map(([operator, keys]) => [operator, mapEntries(keys, mapValue)]))];
        }
        return [key, value];
      }),
    ),
  );
}

function mapEntries(keys: Record<string, Value>, mapValue: (value: Value) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(keys).map(([name, value]) => [name, mapValue(value)]));
}

/** The size IAM counts for a policy of these statements, every reference at its longest. */
export function worstCaseSize(statements: readonly WrittenStatement[]): number {
  return JSON.stringify({ Version: '2012-10-17', Statement: mapStatementStrings(statements, worstCaseText) }).replace(/\s/g, '').length;
}

/** Splits statements, in order, into as few policies as fit under IAM's managed-policy limit at worst. */
export function splitStatements(statements: readonly WrittenStatement[], limit = managedPolicySizeLimit): WrittenStatement[][] {
  return splitBySize(statements, worstCaseSize, limit, (statement) => statement.Sid);
}

/** Every resource of a statement, as a list of policy strings. */
export function resourcesOf(statement: WrittenStatement): PolicyString[] {
  const resource = statement.Resource;
  if (typeof resource === 'string' || isParts(resource)) return [resource as PolicyString];
  return [...(resource as readonly PolicyString[])];
}
