#include "pipeline/jobs.hpp"

namespace brandpunt::pipeline {

JobQueue::JobQueue(unsigned workers) {
  for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
}

JobQueue::~JobQueue() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

void JobQueue::push(std::function<JobOutput()> job) {
  if (threads_.empty()) {  // no workers: run now, keep the result for finish()
    Slot s;
    try {
      s.out = job();
    } catch (...) {
      s.error = std::current_exception();
    }
    s.done = true;
    std::lock_guard<std::mutex> lock(mutex_);
    slots_.push_back(std::move(s));
    ++next_;
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    slots_.push_back(Slot{std::move(job), {}, nullptr, false});
  }
  wake_.notify_one();
}

void JobQueue::work() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stop_ || next_ < slots_.size(); });
    if (next_ >= slots_.size()) return;  // stopping and nothing left to take
    Slot& s = slots_[next_++];
    lock.unlock();
    try {
      s.out = s.job();
    } catch (...) {
      s.error = std::current_exception();
    }
    s.job = nullptr;  // release what the job captured (tables) as soon as it is done
    lock.lock();
    s.done = true;
    done_.notify_all();
  }
}

std::vector<JobOutput> JobQueue::finish() {
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] {
    for (const Slot& s : slots_)
      if (!s.done) return false;
    return true;
  });
  std::deque<Slot> slots = std::move(slots_);
  slots_.clear();
  next_ = 0;
  lock.unlock();
  std::vector<JobOutput> out;
  for (Slot& s : slots) {
    if (s.error) std::rethrow_exception(s.error);
    out.push_back(std::move(s.out));
  }
  return out;
}

}  // namespace brandpunt::pipeline
