blacklist kvm_amd
blacklist kvm
