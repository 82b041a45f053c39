import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ROLE_MAPPING_OPTIONS, type RoleMappingOptions } from '../role-mapping.tokens';
import { RecomputeJobsService, type RecomputeBatchOutcome } from './recompute-jobs.service';

const MAX_BACKOFF_MS = 30_000;

/**
 * Runs the unfinished recompute jobs in the background, one batch per transaction, until they are done. It
 * starts with the application (so jobs cut short by a crash or a restart continue), wakes when a change of this
 * instance requests a job, and looks for jobs requested elsewhere every `recomputePollIntervalMs`.
 */
@Injectable()
export class RecomputeJobRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RecomputeJobRunner.name);
  private running: Promise<void> | undefined;
  private stopping = false;
  private wakeRequested = false;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly jobs: RecomputeJobsService,
    @Inject(ROLE_MAPPING_OPTIONS) private readonly options: RoleMappingOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.stopping = false;
    this.running ??= this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.running;
    this.running = undefined;
  }

  /** Looks for unfinished jobs now (call it after committing a transaction that requested one). */
  notify(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      this.wakeRequested = false;
      try {
        for (const organizationId of await this.jobs.unfinished()) {
          if (this.stopping) break;
          await this.finish(organizationId);
        }
        failures = 0;
      } catch (error) {
        failures += 1;
        this.logger.warn(
          `recompute jobs failed ${failures} time(s) in a row: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const waitMs =
        failures === 0
          ? this.options.recomputePollIntervalMs
          : Math.min(MAX_BACKOFF_MS, 500 * 2 ** (failures - 1));
      await this.sleep(waitMs, failures === 0);
    }
  }

  /** Runs the job's batches until it is done, skipped (another instance has it) or the runner stops. */
  private async finish(organizationId: string): Promise<void> {
    let outcome: RecomputeBatchOutcome;
    do {
      outcome = await this.jobs.runBatch(organizationId);
    } while (outcome === 'progressed' && !this.stopping);
  }

  /** Waits `ms`; a stop ends the wait, and so does notify() when `wakeable`. */
  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopping || (wakeable && this.wakeRequested)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = () => {
        if (this.stopping || wakeable) done();
      };
    });
  }
}
