"""gensim side of the word2vec bench, and the evaluator for both sides.

  gensim_word2vec.py train CORPUS OUT.bin sg|cbow THREADS [ALPHA [SEED]] -> JSON: words, seconds, CPU seconds, peak RSS
  gensim_word2vec.py eval VECTORS.bin DATA_FOLDER           -> JSON: analogy, WS353, SimLex (gensim's evaluators)
Run with /usr/bin/python3 (gensim 4).
"""
import json
import logging
import resource
import sys
import time

from gensim.models import KeyedVectors, Word2Vec


def train(corpus, out, model, threads, alpha='0.025', seed='1'):
    w2v = Word2Vec(alpha=float(alpha), vector_size=100, window=5, negative=5, sample=1e-3, min_count=5, sg=1 if model == 'sg' else 0,
                   workers=int(threads), seed=int(seed))
    w2v.build_vocab(corpus_file=corpus)
    start = time.perf_counter()
    cpu = time.process_time()  # every thread of the process, as Node's process.cpuUsage()
    w2v.train(corpus_file=corpus, total_words=w2v.corpus_total_words, epochs=5)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu
    w2v.wv.save_word2vec_format(out, binary=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({'words': w2v.corpus_total_words * 5, 'seconds': seconds, 'cpuSeconds': cpu_seconds, 'peakRss': rss, 'vocabulary': len(w2v.wv)}))


def evaluate(vectors, data):
    kv = KeyedVectors.load_word2vec_format(vectors, binary=True)
    score, _sections = kv.evaluate_word_analogies(f'{data}/questions-words.txt', restrict_vocab=30000)
    ws = kv.evaluate_word_pairs(f'{data}/wordsim353.tsv')
    sl = kv.evaluate_word_pairs(f'{data}/simlex999.txt')
    print(json.dumps({'analogy': score, 'wordsim': ws[1][0], 'simlex': sl[1][0], 'wordsimOov': ws[2], 'simlexOov': sl[2]}))


if __name__ == '__main__':
    logging.disable(logging.CRITICAL)
    if sys.argv[1] == 'train':
        train(*sys.argv[2:8])
    else:
        evaluate(*sys.argv[2:4])
