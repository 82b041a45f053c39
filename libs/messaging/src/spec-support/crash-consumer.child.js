// Child process of the Kafka crash spec: consumes one topic in a group with KafkaMessageBus, reports
// the message it handles and then never finishes it, so the offset is never committed. The parent
// kills it with SIGKILL at that point.
//   node crash-consumer.child.js <brokers> <topic> <group>
require('./swc-register');
const { KafkaMessageBus } = require('../kafka/kafka-message-bus');

const [brokers, topic, group] = process.argv.slice(2);
const quiet = { log() {}, warn() {}, error() {}, debug() {} };
const bus = new KafkaMessageBus({
  brokers: brokers.split(','),
  clientId: 'crash-consumer',
  partitions: 1,
  sessionTimeoutMs: 6000,
  heartbeatIntervalMs: 500,
  logger: quiet,
});
const report = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);

bus
  .subscribe({
    group,
    topics: [topic],
    handle: async (message) => {
      report({ handling: message.value, offset: message.offset });
      await new Promise(() => undefined);
    },
  })
  .then(() => report({ ready: true }))
  .catch((error) => {
    report({ error: String(error) });
    process.exit(1);
  });
