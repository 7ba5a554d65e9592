/**
 * For tests: evaluates the intrinsic functions of a CloudFormation template the way CloudFormation
 * would for given parameters, so its documents can be compared with the vendors' JSON. Resources
 * that only exist after creation come out as `<Logical.Attribute>` placeholders.
 */

export interface StackContext {
  readonly parameters: Readonly<Record<string, string>>;
  readonly region: string;
  readonly accountId: string;
}

interface Template {
  readonly Parameters?: Record<string, { Type: string; Default?: string }>;
  readonly Conditions?: Record<string, unknown>;
}

const noValue = Symbol('AWS::NoValue');

export function createEvaluator(template: Template, context: StackContext) {
  const pseudo: Record<string, string> = {
    'AWS::Partition': context.region.startsWith('cn-') ? 'aws-cn' : context.region.includes('-gov-') ? 'aws-us-gov' : 'aws',
    'AWS::Region': context.region,
    'AWS::AccountId': context.accountId,
    'AWS::URLSuffix': context.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com',
  };
  const parameter = (name: string): string | string[] | undefined => {
    const declared = template.Parameters?.[name];
    if (!declared) return undefined;
    const value = context.parameters[name] ?? declared.Default;
    if (value === undefined) throw new Error(`Parameter ${name} has no value.`);
    return declared.Type === 'CommaDelimitedList' ? value.split(',') : value;
  };
  const reference = (name: string): unknown => {
    if (name === 'AWS::NoValue') return noValue;
    return pseudo[name] ?? parameter(name) ?? `<${name}>`;
  };
  const condition = (name: string): boolean => Boolean(evaluate(template.Conditions?.[name]));

  const evaluate = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(evaluate).filter((item) => item !== noValue);
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value);
    const [key, argument] = entries[0] ?? [];
    if (entries.length === 1 && key !== undefined) {
      const args = argument as unknown[];
      switch (key) {
        case 'Ref':
          return reference(argument as string);
        case 'Fn::GetAtt':
          return `<${args.join('.')}>`;
        case 'Fn::Select':
          return (evaluate(args[1]) as unknown[])[args[0] as number];
        case 'Fn::Split':
          return String(evaluate(args[1])).split(args[0] as string);
        case 'Fn::If':
          return evaluate(condition(args[0] as string) ? args[1] : args[2]);
        case 'Fn::Equals':
          return evaluate(args[0]) === evaluate(args[1]);
        case 'Fn::And':
          return args.every((item) => Boolean(evaluate(item)));
        case 'Fn::Not':
          return !evaluate(args[0]);
        case 'Condition':
          return condition(argument as string);
        case 'Fn::Sub':
          return substitute(argument);
      }
    }
    return Object.fromEntries(entries.map(([name, inner]) => [name, evaluate(inner)]).filter(([, inner]) => inner !== noValue));
  };

  const substitute = (argument: unknown): string => {
    const [text, variables] = Array.isArray(argument) ? (argument as [string, Record<string, unknown>]) : [argument as string, {}];
    return text.replace(/\$\{(!?)([^}]+)\}/g, (_, literal: string, name: string) => {
      if (literal) return `\${${name}}`;
      if (name in variables) return String(evaluate(variables[name]));
      if (name.includes('.') && !name.startsWith('AWS::')) return `<${name}>`;
      return String(reference(name));
    });
  };

  return { evaluate, condition };
}

/**
 * Every name the template refers to that it does not declare: `Ref`, `Fn::GetAtt`, the variables of
 * `Fn::Sub` strings, and conditions. CloudFormation rejects a template with any of them.
 */
export function undeclaredReferences(
  template: Template & { Resources: Record<string, { Condition?: string }>; Outputs?: object },
): string[] {
  const declared = new Set([...Object.keys(template.Parameters ?? {}), ...Object.keys(template.Resources)]);
  const conditions = new Set(Object.keys(template.Conditions ?? {}));
  const missing = new Set<string>();
  const name = (value: string) => {
    if (!value.startsWith('AWS::') && !declared.has(value)) missing.add(value);
  };
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref') name(inner as string);
      else if (key === 'Fn::GetAtt') name((inner as string[])[0] as string);
      else if (key === 'Condition' && typeof inner === 'string') {
        if (!conditions.has(inner)) missing.add(`condition ${inner}`);
      } else if (key === 'Fn::If') {
        const [condition, ...branches] = inner as [string, ...unknown[]];
        if (!conditions.has(condition)) missing.add(`condition ${condition}`);
        walk(branches);
      } else if (key === 'Fn::Sub') {
        const [text, map] = Array.isArray(inner) ? (inner as [string, Record<string, unknown>]) : [inner as string, {}];
        const local = new Set(Object.keys(map));
        for (const match of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
          const variable = match[1] as string;
          if (!local.has(variable)) name(variable.split('.')[0] as string);
        }
        walk(Object.values(map));
      } else walk(inner);
    }
  };
  walk(template.Resources);
  walk(template.Outputs ?? {});
  walk(template.Conditions ?? {});
  return [...missing].sort();
}
