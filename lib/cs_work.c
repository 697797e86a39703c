/*
 * cs_work.c - tasks on threads and the queue between them.
 */
#include <stdlib.h>
#include <string.h>

#include "cs_text.h"
#include "cs_work.h"

void
cs_tasks_init(struct cs_tasks *g)
{
	memset(g, 0, sizeof *g);
}

void
cs_tasks_start(struct cs_tasks *g, void *(*fn)(void *), void *arg)
{
	if (g->n < CS_MAX_TASKS && pthread_create(&g->thread[g->n], NULL, fn, arg) == 0) {
		g->started[g->n++] = 1;
		return;
	}
	fn(arg);
}

void
cs_tasks_wait(struct cs_tasks *g)
{
	int k;

	for (k = 0; k < g->n; k++)
		if (g->started[k])
			pthread_join(g->thread[k], NULL);
	g->n = 0;
}

void
cs_queue_init(struct cs_queue *q, size_t max, int producers)
{
	memset(q, 0, sizeof *q);
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->changed, NULL);
	q->consumer = pthread_self();
	q->max = max;
	q->producers = producers;
}

/* Doubles the ring (under the lock), keeping the items in order. */
static void
grow(struct cs_queue *q)
{
	size_t cap = q->cap ? 2 * q->cap : 8, k;
	void **item = cs_xmalloc(cap * sizeof *item);

	for (k = 0; k < q->n; k++)
		item[k] = q->item[(q->head + k) % q->cap];
	free(q->item);
	q->item = item;
	q->cap = cap;
	q->head = 0;
}

void
cs_queue_push(struct cs_queue *q, void *item)
{
	int may_wait = !pthread_equal(pthread_self(), q->consumer);

	pthread_mutex_lock(&q->mu);
	while (may_wait && q->max > 0 && q->n >= q->max)
		pthread_cond_wait(&q->changed, &q->mu);
	if (q->n == q->cap)
		grow(q);
	q->item[(q->head + q->n) % q->cap] = item;
	q->n++;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->mu);
}

/* Takes the first item (under the lock, one waiting). */
static void *
take(struct cs_queue *q)
{
	void *item = q->item[q->head];

	q->head = (q->head + 1) % q->cap;
	q->n--;
	pthread_cond_broadcast(&q->changed);
	return item;
}

void *
cs_queue_pop(struct cs_queue *q)
{
	void *item = NULL;

	pthread_mutex_lock(&q->mu);
	while (q->n == 0 && q->producers > 0)
		pthread_cond_wait(&q->changed, &q->mu);
	if (q->n > 0)
		item = take(q);
	pthread_mutex_unlock(&q->mu);
	return item;
}

void *
cs_queue_try_pop(struct cs_queue *q)
{
	void *item = NULL;

	pthread_mutex_lock(&q->mu);
	if (q->n > 0)
		item = take(q);
	pthread_mutex_unlock(&q->mu);
	return item;
}

void
cs_queue_done(struct cs_queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->producers--;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->mu);
}

void
cs_queue_free(struct cs_queue *q, void (*free_item)(void *))
{
	void *item;

	while ((item = cs_queue_try_pop(q)) != NULL)
		if (free_item != NULL)
			free_item(item);
	free(q->item);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->changed);
}
