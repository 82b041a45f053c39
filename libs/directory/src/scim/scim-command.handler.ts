import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Topics, type ScimCommandReply } from '@scimflow/contracts';
import { ConsumerGroup, PermanentMessageError } from '@scimflow/messaging';
import { ScimCommandService } from './scim-command.service';
import { parseScimCommand } from './scim-command.validation';

/** Serves scim.commands.v1: one command in, the resulting resource (or SCIM error) out. */
@Controller()
@ConsumerGroup('directory-service')
export class ScimCommandHandler {
  constructor(private readonly commands: ScimCommandService) {}

  @MessagePattern(Topics.scimCommands)
  async handle(@Payload() payload: unknown): Promise<ScimCommandReply> {
    const parsed = parseScimCommand(payload);
    if (!parsed.ok) throw new PermanentMessageError(`invalid command: ${parsed.problems.join('; ')}`);
    return this.commands.execute(parsed.command);
  }
}
