import { Client } from '@elastic/elasticsearch'
import mongoose from 'mongoose'
import { createS3FileStore } from '../../server/drivers/files/s3'
import { createElasticsearchIndex } from '../../server/drivers/search/elasticsearch'
import { createMongoStore } from '../../server/drivers/store/mongo'
import { deleteSearchIndices } from '../support/cleanup'
import { describeEncoderRefresh } from '../support/encoder-refresh'
import { servicesConfig, uniqueName } from '../support/services'

/**
 * The refresh of the atoms' vectors on MongoDB, Elasticsearch and S3: vectors are replaced with a bulk
 * update that checks each atom's text, stale ones are found with a query on their version, the index
 * compares vectors by a version field, and encoders retrained on the store are removed from S3.
 */
describeEncoderRefresh('MongoDB, Elasticsearch and S3', async () => {
  const config = servicesConfig()
  const name = uniqueName('refresh').replace(/[^a-z0-9-]/gi, '').toLowerCase()
  const dbName = name.replaceAll('-', '_')
  const elasticsearch = new Client({ node: config.elasticsearchUrl! })
  const drivers = {
    store: createMongoStore({ uri: config.mongodbUri!, dbName }),
    search: createElasticsearchIndex({ client: elasticsearch, alias: name, analyzer: 'standard', refresh: true }),
    files: createS3FileStore({
      bucket: config.s3Bucket!, region: config.s3Region, endpoint: config.s3Endpoint, forcePathStyle: config.s3ForcePathStyle,
      accessKeyId: config.s3AccessKeyId, secretAccessKey: config.s3SecretAccessKey, prefix: name,
    }),
  }
  return {
    drivers,
    async close() {
      await Promise.all([drivers.store.close(), drivers.search.close(), drivers.files.close()])
      await deleteSearchIndices(elasticsearch, name)
      await elasticsearch.close()
      const admin = await mongoose.createConnection(config.mongodbUri!).asPromise()
      await admin.useDb(dbName).dropDatabase()
      await admin.close()
    },
  }
})
