import { waitForKafka, waitForPostgres } from './service-probes';
import type { StartedService } from './started-service';

const POSTGRES_IMAGE = process.env['SCIMFLOW_TEST_POSTGRES_IMAGE'] ?? 'postgres:16-alpine';
const KAFKA_IMAGE = process.env['SCIMFLOW_TEST_KAFKA_IMAGE'] ?? 'apache/kafka:4.3.1';
const STARTER_SCRIPT = '/tmp/scimflow-start.sh';
const STARTER_READY = '/tmp/scimflow-start.ready';
const WAITING_MESSAGE = 'waiting for the starter script';

/** Postgres 16 in a container, tuned like tools/postgres-local (no fsync). */
export async function startPostgresContainer(): Promise<StartedService> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer(POSTGRES_IMAGE)
    .withCommand([
      'postgres',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
    ])
    .start();
  const url = container.getConnectionUri();
  await waitForPostgres(url, 30_000);
  return {
    kind: 'postgres',
    description: `Postgres (container ${POSTGRES_IMAGE}, ${container.getHost()}:${container.getPort()})`,
    address: url,
    stop: async () => {
      await container.stop();
    },
    // The testcontainers reaper (Ryuk) removes the container once this process is gone.
    stopNow: () => undefined,
  };
}

/**
 * Apache Kafka (apache/kafka image, KRaft combined mode) in a generic container: @testcontainers/kafka 11.x
 * only knows the Confluent images. The advertised listener must name the port Docker mapped on the host,
 * known only once the container runs, so the container waits for a starter script that sets it, as the
 * testcontainers Kafka modules do.
 */
export async function startKafkaContainer(): Promise<StartedService> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(KAFKA_IMAGE)
    .withExposedPorts(9092)
    .withEnvironment({
      CLUSTER_ID: 'c2NpbWZsb3ctdGVzdC1rYQ',
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,BROKER://:9093,CONTROLLER://:9094',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9094',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_NUM_PARTITIONS: '3',
    })
    .withEntrypoint(['sh'])
    .withCommand([
      '-c',
      `echo '${WAITING_MESSAGE}'; while [ ! -f ${STARTER_READY} ]; do sleep 0.1; done; exec sh ${STARTER_SCRIPT}`,
    ])
    .withWaitStrategy(Wait.forLogMessage(WAITING_MESSAGE))
    .start();
  const brokers = `${container.getHost()}:${container.getMappedPort(9092)}`;
  const advertised = `PLAINTEXT://${brokers},BROKER://localhost:9093`;
  // The marker is copied after the script, so the loop never runs a script still being written.
  await container.copyContentToContainer([
    {
      content: `export KAFKA_ADVERTISED_LISTENERS=${advertised}\nexec /etc/kafka/docker/run\n`,
      target: STARTER_SCRIPT,
    },
  ]);
  await container.copyContentToContainer([{ content: '', target: STARTER_READY }]);
  try {
    await waitForKafka([brokers], 120_000);
  } catch (error) {
    await container.stop().catch(() => undefined);
    throw error;
  }
  return {
    kind: 'kafka',
    description: `Kafka (container ${KAFKA_IMAGE}, ${brokers})`,
    address: brokers,
    stop: async () => {
      await container.stop();
    },
    stopNow: () => undefined,
  };
}
