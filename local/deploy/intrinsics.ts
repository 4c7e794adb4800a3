/**
 * Resolves the CloudFormation intrinsic functions a CDK template uses for our resources and outputs:
 * Ref, Fn::GetAtt, Fn::Join, Fn::Sub (pseudo parameters and references) and Fn::Select.
 */

export interface ResolveContext {
  /** Value of `Ref` to a resource or pseudo parameter. */
  ref(logicalId: string): string;
  /** Value of `Fn::GetAtt`. */
  getAtt(logicalId: string, attribute: string): string;
}

export function resolve(value: unknown, context: ResolveContext): any {
  if (Array.isArray(value)) return value.map((item) => resolve(item, context));
  if (value === null || typeof value !== 'object') return value;

  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [name, argument] = entries[0];
    switch (name) {
      case 'Ref':
        return context.ref(argument as string);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = typeof argument === 'string' ? argument.split('.') : argument as string[];
        return context.getAtt(logicalId, attribute);
      }
      case 'Fn::Join': {
        const [separator, parts] = argument as [string, unknown[]];
        return (resolve(parts, context) as unknown[]).join(separator);
      }
      case 'Fn::Select': {
        const [index, list] = argument as [string | number, unknown];
        return resolve(list, context)[Number(resolve(index, context))];
      }
      case 'Fn::Sub': {
        const [text, variables] = typeof argument === 'string' ? [argument, {}] : argument as [string, Record<string, unknown>];
        const own = resolve(variables, context) as Record<string, string>;
        return text.replace(/\$\{([^}!]+)\}/g, (_match, variable: string) => {
          if (variable in own) return own[variable];
          return variable.includes('.') ? context.getAtt(...(variable.split('.', 2) as [string, string])) : context.ref(variable);
        });
      }
    }
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, resolve(item, context)]));
}

/** Logical ids a value refers to (Ref, Fn::GetAtt, ${...} in Fn::Sub): the implicit dependencies. */
export function references(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((item) => references(item, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [name, argument] of Object.entries(value as Record<string, unknown>)) {
      if (name === 'Ref' && typeof argument === 'string' && !argument.startsWith('AWS::')) {
        found.add(argument);
      } else if (name === 'Fn::GetAtt') {
        found.add(typeof argument === 'string' ? argument.split('.')[0] : (argument as string[])[0]);
      } else if (name === 'Fn::Sub') {
        const text = typeof argument === 'string' ? argument : (argument as [string, unknown])[0];
        for (const match of text.matchAll(/\$\{([^}!.]+)[^}]*\}/g)) {
          if (!match[1].startsWith('AWS::')) found.add(match[1]);
        }
        if (Array.isArray(argument)) references(argument[1], found);
      } else {
        references(argument, found);
      }
    }
  }
  return found;
}
