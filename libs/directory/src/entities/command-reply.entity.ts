import type { ScimCommandReply } from '@scimflow/contracts';
import { CreatedAtColumn } from '@scimflow/persistence';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The reply a SCIM command got, written in the command's transaction. A command redelivered after a crash
 * between the commit and the reply (or the offset commit) gets this reply again instead of a conflict, so the
 * identity provider still waiting for it learns the write succeeded. Kept for a day: the ingress waits seconds.
 */
@Entity({ schema: 'directory', name: 'command_replies' })
@Index('command_replies_created_at_idx', ['createdAt'])
export class CommandReplyEntity {
  @PrimaryColumn('text')
  commandId!: string;

  @Column('jsonb')
  reply!: ScimCommandReply;

  @CreatedAtColumn()
  createdAt!: Date;
}
