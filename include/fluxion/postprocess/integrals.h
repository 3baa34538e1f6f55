#ifndef fluxion_postprocess_integrals_h
#define fluxion_postprocess_integrals_h

#include <fluxion/postprocess/interface.h>

namespace Fluxion
{
  /**
   * The total amount of substance (the integral of c), its relative change
   * since the first evaluation, and the minimum and maximum of c over the
   * nodes.
   */
  template <int dim>
  class Integrals : public Postprocessor<dim>
  {
  public:
    static void
    declare_parameters(ParameterHandler &prm);

    void
    parse_parameters(ParameterHandler &prm) override;

    void
    execute(const PhysicsInterface<dim> &physics,
            Statistics                  &statistics,
            const bool                   write_files,
            const std::string           &directory) override;

    /** The amount at the first step, for "amount change". */
    std::vector<double>
    get_state() const override;

    void
    set_state(const std::vector<double> &state) override;

  private:
    double initial_amount = 0;
    bool   have_initial   = false;
  };
} // namespace Fluxion

#endif
