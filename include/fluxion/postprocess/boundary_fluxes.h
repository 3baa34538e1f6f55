#ifndef fluxion_postprocess_boundary_fluxes_h
#define fluxion_postprocess_boundary_fluxes_h

#include <fluxion/postprocess/interface.h>

namespace Fluxion
{
  /**
   * The total outward flux of each field through every named boundary,
   * computed consistently by the physics from the residual
   * (prescribed-concentration boundaries) or the prescribed flux (flux
   * boundaries), so that the balance with the change of the amount and the
   * sources holds to solver tolerance; with the named parts and derived
   * quantities the physics adds (see BoundaryFluxData).
   */
  template <int dim>
  class BoundaryFluxes : public Postprocessor<dim>
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

    /**
     * With <Balance>: the initial amounts, the outflows so far and the
     * time of the last evaluation.
     */
    std::vector<double>
    get_state() const override;

    void
    set_state(const std::vector<double> &state) override;

  private:
    /**
     * The columns 'outflow' and 'balance' of each field, from the total
     * outward fluxes @p totals of this evaluation.
     */
    void
    write_balance(const PhysicsInterface<dim> &physics,
                  const std::vector<double>   &totals,
                  Statistics                  &statistics);

    bool                balance   = false;
    double              last_time = 0;
    std::vector<double> initial_amounts;
    std::vector<double> outflows;
  };
} // namespace Fluxion

#endif
