// Templates: one small partition holding every template and the marker that the seeds were written.
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { TemplateRepository } from '#app/ports/store';
import { TEMPLATE_KINDS, type Template } from '#core/templates';
import type { TableContext } from './client';
import { fromItem, toItem } from './items';
import { keys, TEMPLATE_SK_PREFIX } from './keys';
import { queryAll } from './query-all';
import { commit, plan } from './transactions';

const byKindThenName = (a: Template, b: Template) =>
  TEMPLATE_KINDS.indexOf(a.kind) - TEMPLATE_KINDS.indexOf(b.kind) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

export function templateRepository(ctx: TableContext): TemplateRepository {
  const { doc, tableName } = ctx;
  const put = async (Item: object, condition: string, values?: Record<string, unknown>) => {
    try {
      await doc.send(new PutCommand({ TableName: tableName, Item, ConditionExpression: condition, ExpressionAttributeValues: values }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };
  const get = async (id: string) => {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys.template(id), ConsistentRead: true }));
    return Item ? fromItem<Template>(Item) : null;
  };
  return {
    // Every template, by kind then name, and whether the seeds marker is there: one query.
    async list() {
      const items = await queryAll(ctx, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.templatesPartition() },
        ConsistentRead: true,
      });
      const seeded = items.some((item) => item.sk === keys.templateSeeds().sk);
      const templates = items
        .filter((item) => String(item.sk).startsWith(TEMPLATE_SK_PREFIX))
        .map((item) => fromItem<Template>(item))
        .sort(byKindThenName);
      return { templates, seeded };
    },

    // One template by id.
    get,

    // A new template (with the request's idempotency record, in one transaction, when there is one).
    async create(template, options) {
      const item = toItem('template', keys.template(template.id), template);
      if (!options?.idempotency) return (await put(item, 'attribute_not_exists(pk)')) ? 'created' : 'exists';
      const tx = plan();
      tx.add('primary', { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } });
      tx.withOptions(tableName, options);
      return (await commit(ctx, tx)) === 'ok' ? 'created' : 'exists';
    },

    // Replaces a template at the version the caller read.
    async save(template, expectedVersion) {
      const item = toItem('template', keys.template(template.id), template);
      const saved = await put(item, 'attribute_exists(pk) AND version = :expected', { ':expected': expectedVersion });
      return saved ? 'saved' : 'stale';
    },

    // Removes a template; false when there was none.
    async delete(id) {
      try {
        await doc.send(new DeleteCommand({ TableName: tableName, Key: keys.template(id), ConditionExpression: 'attribute_exists(pk)' }));
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    // The seeds and their marker in one transaction, each conditional on being new: a racer's
    // transaction fails on the marker (or conflicts, and is retried until it sees the marker).
    async seed(templates) {
      for (let attempt = 1; ; attempt++) {
        const tx = plan();
        tx.add('primary', {
          Put: {
            TableName: tableName,
            Item: { ...keys.templateSeeds(), type: 'template_seeds', count: templates.length },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        });
        for (const template of templates) {
          tx.add('other', {
            Put: {
              TableName: tableName,
              Item: toItem('template', keys.template(template.id), template),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          });
        }
        let outcome: Awaited<ReturnType<typeof commit>>;
        try {
          outcome = await commit(ctx, tx);
        } catch (error) {
          // A seed id taken by hand before the marker existed: that template stays as it is.
          if (attempt >= 5) throw error;
          const kept = await Promise.all(templates.map(async (t) => ((await get(t.id)) ? null : t)));
          templates = kept.filter((t): t is Template => t !== null);
          continue;
        }
        if (outcome === 'ok') return 'created';
        if (outcome === 'primary_failed') return 'exists';
        if (attempt >= 10) throw new Error('Could not write the seed templates: the transaction kept conflicting.');
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    },
  };
}
