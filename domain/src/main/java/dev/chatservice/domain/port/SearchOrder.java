package dev.chatservice.domain.port;

/** The order of a search's hits. */
public enum SearchOrder {
    /** Best match first (whole words above word starts above infixes), then by ascending number. */
    RELEVANCE,
    /** Newest matching message first: by descending number. */
    NEWEST
}
