import { Kafka, logLevel } from 'kafkajs';
import { kafkaBrokers } from './test-services';
import { uniqueName } from './unique-name';
import { waitFor } from './wait-for';

describe(kafkaBrokers.name, () => {
  const kafka = new Kafka({
    clientId: uniqueName('testing-lib'),
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: uniqueName('testing-lib-group') });

  afterAll(async () => {
    await Promise.all([producer.disconnect(), consumer.disconnect()]);
  });

  it('reaches a broker that stores and delivers messages', async () => {
    const topic = uniqueName('testing-lib-topic');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();

    const received: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void received.push(message.value?.toString() ?? ''),
    });
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'directory-1', value: 'hello' }] });

    await waitFor(() => expect(received).toEqual(['hello']), { timeoutMs: 30_000 });
  });
});
