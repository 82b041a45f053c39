import { KafkaJSError, KafkaJSProtocolError } from 'kafkajs';

/** Answers a broker gives for a moment after it created a topic, before it serves the partitions. */
const settlingErrors = new Set([
  'UNKNOWN_TOPIC_OR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
]);

function isSettling(error: unknown): boolean {
  let root: unknown = error;
  while (root instanceof KafkaJSError && root.cause) root = root.cause;
  return root instanceof KafkaJSProtocolError && settlingErrors.has(root.type);
}

/**
 * Runs `operation` again while the broker says the topic is not quite there yet (kafkajs retries
 * some of these answers but not all, and a KRaft broker gives them for a few hundred ms after a
 * topic is created), for `timeoutMs` at most.
 */
export async function whileSettling<T>(operation: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await operation();
    } catch (error) {
      if (!isSettling(error) || Date.now() >= deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
