#!/usr/bin/env python3
"""The peer for bench/text_bench.cpp: Debian's python3-jieba on the same message text.

  text_peer.py [--root DIR] [--mb N]   prints "jieba_mb_per_s=<x> bytes=<n> seconds=<s>"
  text_peer.py [--root DIR] --tokens   prints each text's jieba.lcut tokens as a JSON list
  text_peer.py [--root DIR] --classify prints "accuracy=<a> macro_f1=<f> seconds=<s>" for
                                       scikit-learn's TfidfVectorizer(jieba tokens) + LinearSVC
                                       under 5-fold cross-validation of attachment2.csv's
                                       一级分类, fold = row index % 5 (the folds `zhengban text
                                       eval` uses); seconds covers tokenizing, training, predicting

The texts are the titles and bodies of data/tipdm2020-sample/attachment{2,3,4}.csv, in file and row
order, each title followed by its body; the timing repeats them until N MB have been cut.
"""
import argparse
import csv
import json
import logging
import os
import time

import jieba


def load_texts(root):
    texts = []
    for name in ("attachment2.csv", "attachment3.csv", "attachment4.csv"):
        path = os.path.join(root, "data", "tipdm2020-sample", name)
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                texts.append(row["留言主题"])
                texts.append(row["留言详情"])
    return texts


def classify(root):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.svm import LinearSVC

    path = os.path.join(root, "data", "tipdm2020-sample", "attachment2.csv")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    texts = [r["留言主题"] + "\n" + r["留言详情"] for r in rows]
    labels = [r["一级分类"] for r in rows]
    folds = 5
    truth, predicted = [], []
    start = time.perf_counter()
    for fold in range(folds):
        train = [i for i in range(len(texts)) if i % folds != fold]
        test = [i for i in range(len(texts)) if i % folds == fold]
        vectorizer = TfidfVectorizer(tokenizer=jieba.lcut, lowercase=False, token_pattern=None)
        x_train = vectorizer.fit_transform([texts[i] for i in train])
        model = LinearSVC().fit(x_train, [labels[i] for i in train])
        predicted += list(model.predict(vectorizer.transform([texts[i] for i in test])))
        truth += [labels[i] for i in test]
    seconds = time.perf_counter() - start
    print(f"accuracy={accuracy_score(truth, predicted):.4f} "
          f"macro_f1={f1_score(truth, predicted, average='macro'):.4f} seconds={seconds:.3f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default=os.environ.get("ZB_SOURCE_DIR", "."))
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--tokens", action="store_true")
    parser.add_argument("--classify", action="store_true")
    args = parser.parse_args()
    jieba.setLogLevel(logging.ERROR)
    jieba.initialize()
    if args.classify:
        classify(args.root)
        return
    texts = load_texts(args.root)
    if args.tokens:
        for text in texts:
            print(json.dumps(jieba.lcut(text), ensure_ascii=False))
        return
    goal = args.mb * 1e6
    done = 0
    start = time.perf_counter()
    while done < goal:
        for text in texts:
            jieba.lcut(text)
            done += len(text.encode("utf-8"))
    seconds = time.perf_counter() - start
    print(f"jieba_mb_per_s={done / seconds / 1e6:.3f} bytes={done} seconds={seconds:.3f}")


if __name__ == "__main__":
    main()
