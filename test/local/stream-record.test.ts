import { describe, expect, it } from 'vitest';
import { toLambdaRecord } from '#local/stream-record';

describe('stream-record', () => {
  it('turns an SDK stream record into the JSON Lambda delivers', () => {
    // Prepare
    const sdkRecord = {
      eventID: 'e1',
      eventName: 'MODIFY' as const,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ddblocal',
      dynamodb: {
        ApproximateCreationDateTime: new Date('2026-01-02T03:04:05.678Z'),
        Keys: { pk: { S: 'p' }, sk: { S: 's' } },
        NewImage: {
          pk: { S: 'p' },
          blob: { B: new Uint8Array([1, 2, 255]) },
          blobs: { BS: [new Uint8Array([0])] },
          nested: { M: { list: { L: [{ N: '1' }, { NULL: true }, { BOOL: false }] } } },
          tags: { SS: ['a', 'b'] },
        },
        SequenceNumber: '000000000000000000042',
        SizeBytes: 57,
        StreamViewType: 'NEW_IMAGE' as const,
      },
    };

    // Act
    const record = toLambdaRecord(sdkRecord, 'arn:stream', 'us-east-1');

    // Assess
    expect(record).toStrictEqual({
      eventID: 'e1',
      eventName: 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      dynamodb: {
        ApproximateCreationDateTime: 1767323045,
        Keys: { pk: { S: 'p' }, sk: { S: 's' } },
        NewImage: {
          pk: { S: 'p' },
          blob: { B: 'AQL/' },
          blobs: { BS: ['AA=='] },
          nested: { M: { list: { L: [{ N: '1' }, { NULL: true }, { BOOL: false }] } } },
          tags: { SS: ['a', 'b'] },
        },
        SequenceNumber: '000000000000000000042',
        SizeBytes: 57,
        StreamViewType: 'NEW_IMAGE',
      },
      eventSourceARN: 'arn:stream',
    });
  });

  it('passes on the userIdentity of a deletion made by TTL', () => {
    // Act
    const record = toLambdaRecord(
      {
        eventName: 'REMOVE',
        userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' },
        dynamodb: { Keys: { pk: { S: 'p' } } },
      },
      'arn:stream',
      'us-east-1',
    );

    // Assess
    expect(record.userIdentity).toEqual({ type: 'Service', principalId: 'dynamodb.amazonaws.com' });
  });
});
