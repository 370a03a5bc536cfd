package io.ganglion.cloud.endpoint;

import java.nio.file.Path;

class CloudEndpointSqliteTest extends CloudEndpointContract {
    @Override
    CloudConfig.Storage storage(Path dir) {
        return new CloudConfig.Storage(null, new CloudConfig.Sqlite(dir.resolve("data").resolve("cloud.db")));
    }
}
