package io.salience.checkpoints;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/** A {@link Pageable} for offset/limit APIs, where the offset need not be a multiple of the limit. */
final class OffsetRequest implements Pageable {

    private final long offset;
    private final int limit;

    OffsetRequest(long offset, int limit) {
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1");
        }
        this.offset = offset;
        this.limit = limit;
    }

    @Override public int getPageNumber() { return (int) (offset / limit); }
    @Override public int getPageSize() { return limit; }
    @Override public long getOffset() { return offset; }
    @Override public Sort getSort() { return Sort.unsorted(); }
    @Override public Pageable next() { return new OffsetRequest(offset + limit, limit); }
    @Override public Pageable previousOrFirst() { return hasPrevious() ? new OffsetRequest(Math.max(0, offset - limit), limit) : first(); }
    @Override public Pageable first() { return new OffsetRequest(0, limit); }
    @Override public Pageable withPage(int pageNumber) { return new OffsetRequest((long) pageNumber * limit, limit); }
    @Override public boolean hasPrevious() { return offset > 0; }
}
