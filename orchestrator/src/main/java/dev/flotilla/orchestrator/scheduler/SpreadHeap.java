package dev.flotilla.orchestrator.scheduler;

/**
 * A binary min-heap of node indexes ordered by tasks of the service being placed, then tasks overall, then a
 * stable rank (node id order). Only the top node changes between placements, so one sift keeps it valid.
 */
final class SpreadHeap {
    private final int[] heap;
    private final int[] service;
    private final int[] total;
    private final int[] rank;
    private int size;

    SpreadHeap(int capacity, int[] service, int[] total, int[] rank) {
        this.heap = new int[capacity];
        this.service = service;
        this.total = total;
        this.rank = rank;
    }

    /** Replaces the content with {@code count} nodes from {@code nodes}, in O(count). */
    void reset(int[] nodes, int count) {
        System.arraycopy(nodes, 0, heap, 0, count);
        size = count;
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    /** The smallest of {@code count} nodes, without building the heap (for a batch of one task). */
    int min(int[] nodes, int count) {
        int best = nodes[0];
        for (int j = 1; j < count; j++) {
            if (less(nodes[j], best)) {
                best = nodes[j];
            }
        }
        return best;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int top() {
        return heap[0];
    }

    void removeTop() {
        heap[0] = heap[--size];
        if (size > 0) {
            siftDown(0);
        }
    }

    /** Restores order after the top node's counts went up. */
    void topIncreased() {
        siftDown(0);
    }

    private boolean less(int a, int b) {
        if (service[a] != service[b]) {
            return service[a] < service[b];
        }
        if (total[a] != total[b]) {
            return total[a] < total[b];
        }
        return rank[a] < rank[b];
    }

    private void siftDown(int i) {
        int node = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && less(heap[right], heap[child])) {
                child = right;
            }
            if (!less(heap[child], node)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = node;
    }
}
