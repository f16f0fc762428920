package io.mailfleet.store.cassandra;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaMigrationsTest {

    @Test
    void statementsAreSplitAtSemicolonsWithoutComments() {
        String cql = """
                -- a table; with a semicolon in the comment
                CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY);

                CREATE TABLE IF NOT EXISTS b (
                    id int PRIMARY KEY -- trailing comment
                );
                """;
        assertThat(SchemaMigrations.statements(cql)).containsExactly(
                "CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY)",
                "CREATE TABLE IF NOT EXISTS b (\n    id int PRIMARY KEY \n)");
    }

    @Test
    void everyMigrationFileIsOnTheClassPathInVersionOrder() {
        assertThat(SchemaMigrations.FILES).isSortedAccordingTo(String::compareTo);
        for (String file : SchemaMigrations.FILES) {
            assertThat(SchemaMigrations.class.getResource("migrations/" + file)).as(file).isNotNull();
        }
    }
}
