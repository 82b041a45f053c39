import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Topics, type ScimCommand, type ScimCommandReply } from '@scimflow/contracts';
import { ConsumerGroup, MessageBatchPattern, PermanentMessageError } from '@scimflow/messaging';
import { ScimCommandService } from './scim-command.service';
import { parseScimCommand } from './scim-command.validation';

/**
 * Most commands applied in one transaction. Each takes a savepoint (a subtransaction): PostgreSQL keeps up to 64
 * of them per transaction in shared memory, beyond which every snapshot taken meanwhile gets slower.
 */
const MAX_COMMANDS_PER_TRANSACTION = 32;

/**
 * Serves scim.commands.v1: commands in, the resulting resources (or SCIM errors) out. The commands that are
 * waiting on a partition when its turn comes are applied together, in order, in one transaction (see
 * ScimCommandService.executeAll); a lone command is a batch of one.
 */
@Controller()
@ConsumerGroup('directory-service')
export class ScimCommandHandler {
  constructor(private readonly commands: ScimCommandService) {}

  @MessageBatchPattern(Topics.scimCommands, { maxBatchSize: MAX_COMMANDS_PER_TRANSACTION })
  async handle(@Payload() payloads: unknown[]): Promise<ScimCommandReply[]> {
    const commands: ScimCommand[] = [];
    for (const payload of payloads) {
      const parsed = parseScimCommand(payload);
      // the bus then takes the batch again a command at a time, and dead-letters this one alone
      if (!parsed.ok) throw new PermanentMessageError(`invalid command: ${parsed.problems.join('; ')}`);
      commands.push(parsed.command);
    }
    return this.commands.executeAll(commands);
  }
}
