"""Prints, as JSON, what gensim's KeyedVectors.load_word2vec_format reads (used by the interop test)."""
import json, sys
from gensim.models import KeyedVectors

kv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=sys.argv[2] == 'binary')
print(json.dumps({'words': kv.index_to_key, 'values': [float(v) for v in kv.vectors.flatten()]}, ensure_ascii=False))
