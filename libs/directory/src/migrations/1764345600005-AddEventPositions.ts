import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A global position per event, in the order events become visible, for the events API across directories: an
 * order by time (or by anything a writer picks before its commit) lets an event commit behind a cursor already
 * handed out. Positions are given after commit by EventPositionAssigner; existing events get theirs here.
 */
export class AddEventPositions1764345600005 implements MigrationInterface {
  name = 'AddEventPositions1764345600005';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE directory.events ADD COLUMN position bigint`);
    await queryRunner.query(`
      UPDATE directory.events AS event SET position = ordered.position
      FROM (SELECT id, row_number() OVER (ORDER BY occurred_at, directory_id, sequence) AS position
            FROM directory.events) AS ordered
      WHERE event.id = ordered.id`);
    await queryRunner.query(`
      CREATE TABLE directory.event_position_counter (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        last_position bigint NOT NULL
      )`);
    await queryRunner.query(`
      INSERT INTO directory.event_position_counter (last_position)
      SELECT coalesce(max(position), 0) FROM directory.events`);
    // Serves the assigner (position IS NULL), retention (oldest first) and the unfiltered listing.
    await queryRunner.query(`CREATE UNIQUE INDEX events_position_key ON directory.events (position)`);
    await queryRunner.query(`DROP INDEX directory.events_organization_idx`);
    await queryRunner.query(
      `CREATE INDEX events_organization_position_idx ON directory.events (organization_id, position)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX directory.events_organization_position_idx`);
    await queryRunner.query(
      `CREATE INDEX events_organization_idx ON directory.events (organization_id, occurred_at)`,
    );
    await queryRunner.query(`DROP INDEX directory.events_position_key`);
    await queryRunner.query(`DROP TABLE directory.event_position_counter`);
    await queryRunner.query(`ALTER TABLE directory.events DROP COLUMN position`);
  }
}
