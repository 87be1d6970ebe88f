// Clang's thread safety annotations (https://clang.llvm.org/docs/ThreadSafetyAnalysis.html):
// a member says which mutex guards it (GUARDED_BY), a function which mutex
// its caller must hold (REQUIRES) or must not (EXCLUDES), and the lock types
// of util/mutex.h say what they acquire and release. Clang checks them with
// -Wthread-safety; every other compiler (g++ builds the project) sees nothing.
//
// The check anyone can rerun: `ctest -L lint -R thread` in the build folder
// (tests/thread_safety_check.py compiles every source whose own header or
// itself includes util/mutex.h with clang++ -fsyntax-only
// -Werror=thread-safety).
#pragma once

#if defined(__clang__)
#define MADOGUCHI_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define MADOGUCHI_THREAD_ANNOTATION(x)
#endif

// A type whose objects are locks (Mutex).
#define CAPABILITY(x) MADOGUCHI_THREAD_ANNOTATION(capability(x))
// A type that holds a lock for its own lifetime (MutexLock).
#define SCOPED_CAPABILITY MADOGUCHI_THREAD_ANNOTATION(scoped_lockable)
// A member read or written only while holding `x`.
#define GUARDED_BY(x) MADOGUCHI_THREAD_ANNOTATION(guarded_by(x))
// A pointer member whose pointee is read or written only while holding `x`.
#define PT_GUARDED_BY(x) MADOGUCHI_THREAD_ANNOTATION(pt_guarded_by(x))
// The caller holds these locks.
#define REQUIRES(...) MADOGUCHI_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
// The caller does not hold these locks (the function takes them itself).
#define EXCLUDES(...) MADOGUCHI_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
// The function takes (ACQUIRE) or lets go of (RELEASE) these locks, or the
// object's own lock when none is named.
#define ACQUIRE(...) MADOGUCHI_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) MADOGUCHI_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
// The function checks (or knows) that the lock is held.
#define ASSERT_CAPABILITY(x) MADOGUCHI_THREAD_ANNOTATION(assert_capability(x))
// The function returns a reference to this lock.
#define RETURN_CAPABILITY(x) MADOGUCHI_THREAD_ANNOTATION(lock_returned(x))
// Not checked: only where the analysis cannot follow (say why at the use).
#define NO_THREAD_SAFETY_ANALYSIS MADOGUCHI_THREAD_ANNOTATION(no_thread_safety_analysis)
