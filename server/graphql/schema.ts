import { enumTypeDefs } from './enums'

/**
 * The GraphQL schema (SDL). Field names and enum values are those of the REST API's JSON, so the two
 * read alike (the enums come from the same constants: enums.ts); times are ISO 8601 strings, as in REST.
 * Every root field declares the scope it needs with `@scope`, which scopes.ts enforces.
 */
export const typeDefs = /* GraphQL */ `
  ${enumTypeDefs}

  "What a caller must hold to use a root field: an API scope (a bearer token's, or any its role allows with the session cookie) or signed-in."
  directive @scope(needs: String!) on FIELD_DEFINITION

  type User {
    id: ID!
    email: String!
    name: String!
    role: Role!
    createdAt: String!
  }

  type Document {
    id: ID!
    ownerId: ID!
    title: String!
    filename: String!
    format: DocumentFormat!
    size: Int!
    status: DocumentStatus!
    "0 to 1."
    progress: Float!
    stage: String
    atomCount: Int!
    error: String
    "Null outside a collection."
    collectionId: ID
    createdAt: String!
    updatedAt: String!
    "The document's atoms by order, a page at a time (first: 1 to 100)."
    atoms(first: Int = 20, after: String): AtomPage!
    "Its key terms, best first (empty until it has been processed)."
    keyTerms: [KeyTerm!]!
  }

  "One of a document's key terms, as REST's GET /api/v1/documents/{id}/glossary gives it."
  type KeyTerm {
    term: String!
    "Normalised form: lower case, singular."
    key: String!
    "0 to 1: how strongly it is a key term of the document."
    score: Float!
    "Null when no definition was found."
    definition: String
    atomId: ID!
    "The atom that defines the term, or else the first that uses it."
    atom: Atom
  }

  "A collection's glossary entry: a key term of one of its documents."
  type GlossaryEntry {
    term: String!
    key: String!
    score: Float!
    definition: String
    atomId: ID!
    atomTitle: String!
    atom: Atom
    documentId: ID!
    documentTitle: String!
  }

  type DocumentPage {
    items: [Document!]!
    "Pass as after for the next page; null on the last."
    nextCursor: String
  }

  type AtomTerm {
    term: String!
    "Normalised form: lower case, singular."
    key: String!
    "The atom defining the term, when there is one you may read."
    definedBy: Atom
  }

  type Definition {
    term: String!
    meaning: String!
  }

  type Card {
    type: CardKind!
    front: String!
    back: String!
    steps: [String!]
  }

  type AtomSource {
    start: Int!
    end: Int!
    page: Int
  }

  type RelatedAtom {
    score: Float!
    atom: Atom!
  }

  type Atom {
    id: ID!
    documentId: ID!
    order: Int!
    title: String!
    type: AtomType!
    "Markdown."
    body: String!
    "Sanitized HTML rendered from body."
    html: String!
    text: String!
    headingTrail: [String!]!
    wordCount: Int!
    readingTimeSec: Int!
    "0 to 1."
    difficulty: Float!
    difficultyLabel: Difficulty!
    terms: [AtomTerm!]!
    definitions: [Definition!]!
    cards: [Card!]!
    source: AtomSource!
    "Atoms defining terms this atom uses (those you may read)."
    prerequisites: [Atom!]!
    "Atoms close in meaning (those you may read)."
    related: [RelatedAtom!]!
    document: Document!
  }

  type AtomPage {
    items: [Atom!]!
    nextCursor: String
  }

  type SearchHit {
    atom: Atom!
    score: Float!
    "HTML-escaped excerpts with matches in <mark>."
    highlights: [String!]!
  }

  type SearchResult {
    items: [SearchHit!]!
    total: Int!
  }

  type CardState {
    cardId: ID!
    atomId: ID!
    documentId: ID!
    due: String!
    stability: Float!
    difficulty: Float!
    elapsedDays: Float!
    scheduledDays: Float!
    learningSteps: Int!
    reps: Int!
    lapses: Int!
    state: CardPhase!
    lastReview: String
  }

  type StudyCard {
    cardId: ID!
    atomId: ID!
    documentId: ID!
    atomTitle: String!
    card: Card!
    "Null for a card never reviewed."
    state: CardState
    atom: Atom!
  }

  type Collection {
    id: ID!
    ownerId: ID!
    name: String!
    description: String!
    documentCount: Int!
    "Your role on it."
    role: CollectionRole!
    createdAt: String!
    updatedAt: String!
    "Its documents, newest first."
    documents(first: Int = 20, after: String): DocumentPage!
    "The key terms of its documents, each term once, best first."
    glossary: [GlossaryEntry!]!
  }

  type CollectionPage {
    items: [Collection!]!
    nextCursor: String
  }

  type ReviewBatchResult {
    accepted: [ID!]!
    duplicates: [ID!]!
    states: [CardState!]!
  }

  "Atoms stored for a document: first those stored before you subscribed, then each batch as it is stored."
  type AtomBatch {
    documentId: ID!
    atoms: [Atom!]!
  }

  input AtomEditInput {
    title: String
    type: AtomType
    "Markdown."
    body: String
    "Replaces the atom's key terms; a term taken out leaves the whole document's, one put in joins them."
    terms: [String!]
    "What the atom says some of its key terms mean; an empty meaning: it does not define the term."
    definitions: [TermDefinitionInput!]
  }

  input TermDefinitionInput {
    term: String!
    meaning: String!
  }

  input ReviewInput {
    "A UUID the client makes once: the review is stored exactly once under it."
    id: ID!
    cardId: ID!
    atomId: ID!
    "1 Again, 2 Hard, 3 Good, 4 Easy."
    rating: Int!
    reviewedAt: String!
    durationMs: Int
    "When the card had last been reviewed in the state this review was graded on; null: never. Given, a review of a card reviewed since is refused (CONFLICT)."
    previousReviewAt: String
  }

  "A signed-in session of mine, as GET /api/v1/sessions lists it: id is a handle, never the cookie's secret."
  type Session {
    id: ID!
    device: String!
    browser: String!
    "The client address masked to its network: 203.0.113.x or 2001:db8:1234::/48."
    place: String!
    createdAt: String!
    lastSeenAt: String!
    expiresAt: String!
    "The session of this request."
    current: Boolean!
  }

  type Query {
    "The signed-in user."
    me: User! @scope(needs: "signed-in")
    "My signed-in sessions, most recently used first (with the session cookie only)."
    sessions: [Session!]! @scope(needs: "session")
    document(id: ID!): Document @scope(needs: "documents:read")
    "Your documents (scope mine) or those shared with you, newest first."
    documents(scope: DocumentScope = mine, first: Int = 20, after: String): DocumentPage! @scope(needs: "documents:read")
    atom(id: ID!): Atom @scope(needs: "documents:read")
    search(q: String!, type: [AtomType!], difficulty: [Difficulty!], collectionId: ID, limit: Int = 20, offset: Int = 0): SearchResult! @scope(needs: "documents:read")
    "Cards due now, oldest due first, then up to newLimit cards never reviewed; with terms, only the cards of those key terms; with atomId, only that atom's."
    dueCards(documentId: ID, collectionId: ID, terms: [String!], atomId: ID, limit: Int = 100, newLimit: Int = 20): [StudyCard!]! @scope(needs: "study:read")
    "Your collections and those shared with you, newest first."
    collections(first: Int = 20, after: String): CollectionPage! @scope(needs: "documents:read")
    collection(id: ID!): Collection @scope(needs: "documents:read")
  }

  type Mutation {
    "Ends one of my sessions (its cookie stops working, its live connections close); ending this one signs out here."
    endSession(id: ID!): Boolean! @scope(needs: "session")
    "Ends every session of mine but this one; says how many ended."
    endOtherSessions: Int! @scope(needs: "session")
    "Creates a document from Markdown or plain text, as an upload of that file would; it is atomized in the background."
    uploadText(title: String!, text: String!, collectionId: ID, format: TextFormat = markdown): Document! @scope(needs: "documents:write")
    editAtom(id: ID!, input: AtomEditInput!): Atom! @scope(needs: "documents:write")
    "Splits the atom at a character offset of its body that starts a paragraph; returns both parts."
    splitAtom(id: ID!, offset: Int!): [Atom!]! @scope(needs: "documents:write")
    "Merges two adjacent atoms of one document (the second right after the first) into the first."
    mergeAtoms(ids: [ID!]!): Atom! @scope(needs: "documents:write")
    recordReviews(reviews: [ReviewInput!]!): ReviewBatchResult! @scope(needs: "study:write")
  }

  type Subscription {
    "The document as it is now, then on every change of status or progress."
    documentProgress(documentId: ID!): Document! @scope(needs: "documents:read")
    atomsCreated(documentId: ID!): AtomBatch! @scope(needs: "documents:read")
  }
`
