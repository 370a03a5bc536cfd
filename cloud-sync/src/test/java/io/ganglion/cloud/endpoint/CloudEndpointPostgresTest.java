package io.ganglion.cloud.endpoint;

import java.nio.file.Path;

/** The contract on PostgreSQL: each test in a fresh schema, dropped after. */
class CloudEndpointPostgresTest extends CloudEndpointContract {
    private String schema;

    @Override
    CloudConfig.Storage storage(Path dir) {
        schema = TestPostgres.freshSchemaName("cloud_endpoint");
        return new CloudConfig.Storage(TestPostgres.config(schema), null);
    }

    @Override
    void dropStorage() throws Exception {
        TestPostgres.drop(schema);
    }
}
