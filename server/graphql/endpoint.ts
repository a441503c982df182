export const graphqlEndpoint = '/api/graphql'
