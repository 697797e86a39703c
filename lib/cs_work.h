/*
 * cs_work.h - work done at once on threads: tasks started on threads of
 * their own (or run here when no thread can start), and a bounded queue
 * that hands items from producer threads to the thread that made it.
 */
#ifndef CS_WORK_H
#define CS_WORK_H

#include <pthread.h>
#include <stddef.h>

/* Tasks running at once; at most CS_MAX_TASKS. */
#define CS_MAX_TASKS 16
struct cs_tasks {
	pthread_t thread[CS_MAX_TASKS];
	int started[CS_MAX_TASKS];
	int n;
};

/* Starts with no task. */
void cs_tasks_init(struct cs_tasks *g);

/*
 * Runs fn(arg) on a thread of its own, or here, now, when no thread
 * can start (or the group is full): the result is the same, only
 * slower.  A task that puts items in a cs_queue may run here: the queue
 * then does not wait for room (see cs_queue_push).
 */
void cs_tasks_start(struct cs_tasks *g, void *(*fn)(void *), void *arg);

/* Waits for every task started on a thread; the group is empty again. */
void cs_tasks_wait(struct cs_tasks *g);

/*
 * A queue of items from producers to one consumer, the thread that
 * calls cs_queue_init.  At most max items wait (0: no limit), so that
 * memory stays bounded however much the producers make.
 */
struct cs_queue {
	pthread_mutex_t mu;
	pthread_cond_t changed;
	pthread_t consumer;
	void **item;			/* a ring of cap slots */
	size_t head, n, cap, max;
	int producers;			/* not yet done */
};

/* Makes an empty queue for the calling thread, with producers still to say they are done. */
void cs_queue_init(struct cs_queue *q, size_t max, int producers);

/*
 * Adds an item, waiting while max items wait; never waits when called
 * on the consumer's own thread (a producer run there, with nobody else
 * to make room).
 */
void cs_queue_push(struct cs_queue *q, void *item);

/* Returns the next item, waiting for one; NULL once every producer is done and the queue is empty. */
void *cs_queue_pop(struct cs_queue *q);

/* Returns the next item at once, or NULL when none waits. */
void *cs_queue_try_pop(struct cs_queue *q);

/* Says that one producer is done. */
void cs_queue_done(struct cs_queue *q);

/* Frees the queue; items still in it are passed to free_item (NULL: left alone). */
void cs_queue_free(struct cs_queue *q, void (*free_item)(void *));

#endif
