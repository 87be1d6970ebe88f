// Never built: the thread-safety check (tests/thread_safety_check.py
// --expect-violation) compiles it with clang and passes only when clang
// refuses the read below, so a check that silently checks nothing fails.
#include "util/mutex.h"

namespace madoguchi {

class Counter {
 public:
  void Add() {
    MutexLock lock(&mutex_);
    ++count_;
  }
  int Peek() const { return count_; }  // read without mutex_: clang must refuse this

 private:
  mutable Mutex mutex_;
  int count_ GUARDED_BY(mutex_) = 0;
};

int Use() {
  Counter c;
  c.Add();
  return c.Peek();
}

}  // namespace madoguchi
