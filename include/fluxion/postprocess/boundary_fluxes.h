#ifndef fluxion_postprocess_boundary_fluxes_h
#define fluxion_postprocess_boundary_fluxes_h

#include <fluxion/postprocess/interface.h>

namespace Fluxion
{
  /**
   * The total outward flux through every named boundary, computed consistently
   * from the residual (prescribed-concentration boundaries) or the prescribed
   * flux (flux boundaries), so that the balance with the change of the amount
   * and the sources holds to solver tolerance.
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
  };
} // namespace Fluxion

#endif
