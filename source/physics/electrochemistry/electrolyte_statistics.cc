#include <fluxion/physics/electrochemistry/poisson_nernst_planck.h>
#include <fluxion/postprocess/interface.h>

// A postprocessor of the Poisson-Nernst-Planck physics: the scales and the
// net charge of the electrolyte.
namespace Fluxion
{
  /**
   * Statistics columns of an electrolyte: 'debye length' of the bulk [length
   * unit] and 'total charge' [C, C/m or C/m^2 in 3D, 2D, 1D]. Fluxes, their
   * diffusive and migrative parts and the currents come from 'boundary
   * fluxes'.
   */
  template <int dim>
  class ElectrolyteStatistics : public Postprocessor<dim>
  {
  public:
    static void
    declare_parameters(ParameterHandler &)
    {}

    void
    parse_parameters(ParameterHandler &) override
    {}

    void
    execute(const PhysicsInterface<dim> &physics,
            Statistics                  &statistics,
            const bool,
            const std::string &) override
    {
      const auto *pnp =
        dynamic_cast<const PoissonNernstPlanck<dim> *>(&physics);
      AssertThrow(pnp != nullptr,
                  ExcMessage("Postprocessor <electrolyte> of <Postprocess/"
                             "List> needs <Physics> = poisson nernst planck."));
      statistics.set("debye length", pnp->bulk_debye_length());
      statistics.set("total charge [C" +
                       PoissonNernstPlanck<dim>::per_length_unit() + "]",
                     pnp->total_charge());
    }
  };

  FLUXION_REGISTER_PLUGIN(Postprocessor,
                          ElectrolyteStatistics,
                          "electrolyte",
                          "Poisson-Nernst-Planck only: the Debye length of "
                          "the bulk electrolyte and the net charge in the "
                          "domain.")
} // namespace Fluxion
