/**
 * True when testcontainers finds a container engine (Docker, Podman, a remote DOCKER_HOST) that answers within
 * `timeoutMs`. Without one it fails in well under a second; the timeout covers an engine that hangs.
 */
export async function containerRuntimeAvailable(timeoutMs = 10_000): Promise<boolean> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      getContainerRuntimeClient().then(
        () => true,
        () => false,
      ),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
