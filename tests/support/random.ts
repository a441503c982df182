/** Generated test data is the same every run: the project's seeded generator. */
export { seededRandom } from '../../shared/utils/random'
